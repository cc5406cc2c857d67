"""Development tools, not part of the installed package: the writers of contract-format files
(formats.py) that the sample generator (sample/), the benchmark (bench/) and the tests share."""
