"""The one part of packaging pyproject.toml cannot say: which folders become which packages.

dbt_project/ is a dbt project, not a Python package, and stays at the repository root where dbt, the
Makefile and the tests use it; the wheel carries it as `pipelines/dbt_project`, where
pipelines.dbt_location finds it once installed. pyproject.toml can either discover packages or map a
folder to a package name, not both, so both are declared here (everything else is in pyproject.toml).
"""

from setuptools import find_namespace_packages, setup

DBT_PACKAGE = "pipelines.dbt_project"
PACKAGES = ["framework*", "warehouse*", "ingest*", "pipelines*", "dashboards*", "synthetic*", "measures*", "evaluation*"]

setup(
    packages=[*find_namespace_packages(include=PACKAGES), DBT_PACKAGE],
    package_dir={DBT_PACKAGE: "dbt_project"},
    package_data={
        "framework": ["data/*.yaml"],
        # The project's sources only: never target/ or logs/, which dbt writes beside them.
        DBT_PACKAGE: ["dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "tests/**/*"],
    },
)
