"""The warehouse home as a Dagster resource, resolved at run time so that the CLI's `--home`,
`$MATURITY_HOME` and `dagster dev` all reach the same assets."""


import os

import dagster as dg

from warehouse.home import HOME_ENV, Home

# DuckDB allows one writer process at a time: every asset that writes the warehouse is in this pool,
# whose limit is 1 (dagster.yaml), so runs launched from the UI queue instead of colliding.
WAREHOUSE_POOL = "warehouse"


class HomeResource(dg.ConfigurableResource):
    """`path` empty means `$MATURITY_HOME`, else ./data — the public contract."""

    path: str = ""

    def get(self) -> Home:
        home = Home.resolve(self.path or None).ensure()
        # dbt runs in a subprocess and finds the warehouse through this variable (profiles.yml).
        os.environ[HOME_ENV] = str(home.root)
        return home
