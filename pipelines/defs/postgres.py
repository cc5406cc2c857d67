"""The Dagster instance on PostgreSQL with one kept connection per storage and process.

dagster-postgres opens a new connection for every statement outside the web server (its
NullPool): a run of the small fixture makes about 1,500 of them, which cost 29 ms each on a
loaded 2-core machine, 40 s a run. `dagster-webserver` keeps one open connection per storage
instead (optimize_for_webserver, which the web server still applies over ours); this storage
does the same in every process: the daemon, its run workers and `grant-eval run`. Same tables,
same configuration as `storage: postgres:`; docs/deployment.md names it in its dagster.yaml.
Needs grant-eval[server].
"""

from __future__ import annotations

from typing import Any

from dagster._serdes import ConfigurableClassData
from dagster_postgres import DagsterPostgresStorage
from dagster_postgres.utils import get_token_provider_from_config, pg_url_from_config

# As dagster-webserver's defaults (--db-pool-recycle, --db-pool-max-overflow), and no statement
# timeout: a run's statements are its own, not a page waiting for them.
POOL_RECYCLE_S = 3600
MAX_OVERFLOW = 20


class PooledPostgresStorage(DagsterPostgresStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for storage in (self._run_storage, self._event_log_storage, self._schedule_storage):
            storage.optimize_for_webserver(
                statement_timeout=0, pool_recycle=POOL_RECYCLE_S, max_overflow=MAX_OVERFLOW
            )

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> PooledPostgresStorage:
        return cls(
            inst_data=inst_data,
            postgres_url=pg_url_from_config(config_value),
            should_autocreate_tables=config_value.get("should_autocreate_tables", True),
            token_provider=get_token_provider_from_config(config_value),
        )
