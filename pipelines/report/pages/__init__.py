"""The report's pages, one module each: the front page (front.py), one chapter per research
question (understanding, organisation, measures, goals, continuation), data and method
(method.py) and the accessibility statement (accessibility.py). site.py puts them in order."""
