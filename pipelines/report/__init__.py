"""The report site: the evaluation's tables and charts as static, offline, accessible pages."""
