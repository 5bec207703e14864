"""Imported only in multiprocessing's fork server: a stand-in for the caller's __main__, so that
reading workers never run the caller's script.

A forked worker re-imports the parent's main module unless its own __main__ already names the same
file or module (multiprocessing.spawn._fixup_main_from_path/_from_name); Python 3.11's fork server
never preloads it (its "main_path" key is never filled in), so every worker would re-run a script's
imports — seconds for one that imports Dagster or DuckDB, and their memory under the worker's cap.
Workers need nothing from __main__: they run ingest.batch.reading's functions on a Job of plain data.
"""

from __future__ import annotations

import json
import os
import sys
import types
from importlib.machinery import ModuleSpec

from ingest.batch.workers import MAIN_ENV

path, name = json.loads(os.environ.get(MAIN_ENV, "[null, null]"))
stand_in = types.ModuleType("__mp_main__")
stand_in.__file__ = path
stand_in.__spec__ = ModuleSpec(name, None) if name else None
sys.modules["__main__"] = sys.modules["__mp_main__"] = stand_in
