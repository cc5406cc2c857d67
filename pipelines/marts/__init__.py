"""The evaluation's tables (schema `marts`), over the staging layer.

- spec.py: what a mart is (MartSpec: SQL, grain, columns, rules) and what a derived table is;
- programme.py, goals.py, cooperation.py, measures.py: the contract's marts, one SQL
  statement each;
- trend.py, lookups.py: the tables beyond the contract, computed in Python;
- catalog.py: every table, in dependency order;
- materialize.py: writing a table with its comments; checks.py: the rules their numbers obey.
"""
