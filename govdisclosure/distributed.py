"""Reading a corpus on a Dask cluster (``pip install 'govdisclosure[dask]'``).

Documents are read in partitions by the cluster's workers, with the same extraction
as :func:`govdisclosure.read_many`; the result is a lazy Dask DataFrame of the long
form, so a million reports never need to fit in one process. A document that could
not be read is one row with ``kind == "failed"`` (``raw`` holds the error), so nothing
is lost silently.

    >>> import govdisclosure as gd
    >>> ddf = gd.read_many("examples/seeds", engine="dask")
    >>> int(ddf["table"].eq("reviews").sum().compute())
    75
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .corpus import compact_frame, extract_one
from .longform import CATEGORIES, LONG_COLUMNS, typed

PARTITION = 25
"""Documents per partition: small enough to balance, large enough to amortise."""


def meta_frame() -> pd.DataFrame:
    """The empty frame giving the Dask DataFrame its columns and dtypes: those of
    :data:`govdisclosure.longform.LONG_DTYPES`, categories left unknown (each partition
    has its own)."""
    from dask.dataframe.utils import clear_known_categories

    return clear_known_categories(typed(pd.DataFrame({c: pd.Series(dtype="object") for c in LONG_COLUMNS})))


def _partition(paths: list[str], options: dict[str, Any], timeout: float | None) -> pd.DataFrame:
    outcomes = [extract_one(path, options, timeout) for path in paths]
    frames = [compact_frame([o.cells for o in outcomes if o.cells is not None])]
    failed = [
        {
            **dict.fromkeys(LONG_COLUMNS),
            "source": o.path,
            "kind": "failed",
            "raw": f"{o.error}: {o.message}",
            "value": math.nan,
        }
        for o in outcomes
        if o.cells is None
    ]
    if failed:
        frames.append(pd.DataFrame(failed, columns=LONG_COLUMNS))
    # categories differ between the two frames: joined as plain values, then typed again
    plain = [f.astype({c: "object" for c in CATEGORIES}) for f in frames]
    return typed(pd.concat(plain, ignore_index=True))


def check_workers(client: Any) -> None:
    """Raise a clear error when some of the client's workers cannot import govdisclosure.

    Asked with ``importlib.metadata.version``, a function every worker has: a function
    of this package could not even be unpickled where the package is missing.
    """
    from importlib.metadata import version

    from .errors import UnsupportedSourceError

    answers = client.run(version, "govdisclosure", on_error="return")
    lacking = sorted(str(w) for w, answer in answers.items() if isinstance(answer, BaseException))
    if lacking:
        raise UnsupportedSourceError(
            f"{len(lacking)} of the cluster's {len(answers)} Dask workers cannot import govdisclosure "
            f"({', '.join(lacking[:3])}{', …' if len(lacking) > 3 else ''}): install it where the workers run "
            "(pip install 'govdisclosure[dask]' in the workers' environment, or the client's PipInstall plugin)"
        )


def read_many_dask(
    paths: list[str], *, client: Any = None, timeout: float | None = 120.0, partition: int = PARTITION, **options: Any
) -> Any:
    """The long form of many documents as a lazy Dask DataFrame (see the module doc).

    With ``client`` (a ``dask.distributed.Client``) the work runs on that cluster;
    otherwise on the client already active, or Dask's local scheduler.
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:
        from .errors import UnsupportedSourceError

        raise UnsupportedSourceError("engine='dask' needs dask: pip install 'govdisclosure[dask]'") from exc
    if client is not None:
        check_workers(client)
    chunks = [paths[i : i + partition] for i in range(0, len(paths), partition)] or [[]]
    parts = [dask.delayed(_partition)(chunk, options, timeout) for chunk in chunks]
    frame = dd.from_delayed(parts, meta=meta_frame(), verify_meta=False)
    if client is not None:
        frame = client.persist(frame)
    return frame
