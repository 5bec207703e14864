"""How dbt nodes appear in Dagster: models keyed by their layer (`marts/enabler_maturity`) and
grouped by it, so the asset graph reads like the dbt project; sources keep dbt's default keys
(`raw/scores`, `framework/enablers`), which are exactly the keys of the assets that write them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject


class MaturityTranslator(DagsterDbtTranslator):
    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] != "model":
            return spec
        layer = props["config"]["schema"]
        return spec.replace_attributes(key=dg.AssetKey([layer, props["name"]]), group_name=layer)
