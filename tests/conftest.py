import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

HAI_PHONG = Path(__file__).parents[1] / "inputs" / "hai-phong"


@pytest.fixture()
def batch(tmp_path):
    """A copy of the bundled batch of three Hải Phòng districts (with its _defaults.yaml)."""
    folder = tmp_path / "hai-phong"
    shutil.copytree(HAI_PHONG, folder)
    return folder
