# peewee builds its fields and query results at run time; the stubs shipped with peewee 4 type
# `.tuples()`/`.dicts()` rows as model instances and fields as their Python values, which turns every
# raw-row read into a false error. netui's own code is what mypy checks: peewee is Any here.
from typing import Any

def __getattr__(name: str) -> Any: ...
