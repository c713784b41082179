"""cms.worker_warmup: a worker's long-lived objects are out of the collector's reach."""

import gc

from cms.worker_warmup import prepare_worker


def test_prepare_worker_freezes_what_is_alive():
    gc.unfreeze()
    try:
        prepare_worker()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
