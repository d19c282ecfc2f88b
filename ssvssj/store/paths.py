"""Where things live in a workspace, and finding the workspace. Light: no heavy imports."""

from __future__ import annotations

from pathlib import Path

from ssvssj.errors import WorkspaceNotFound
from ssvssj.i18n import tr

CONFIG_FILE = "ssvssj.yaml"
VOCABULARY_FILE = "touchpoints.yaml"
JOURNEY_FILE = "journey.yaml"
CAUSES_FILE = "causes.yaml"
CASES_DIR = "cases"
PRIVATE_DIR = ".ssvssj"


def _refuse_irregular_config(config: Path) -> None:
    """An ssvssj.yaml that is there but no regular file (a FIFO, a device, a folder) is named,
    never passed over as if there were none."""
    import os
    import stat

    try:
        mode = os.stat(config).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise WorkspaceNotFound(
            tr(
                "{config} is not a regular file (a folder, FIFO, socket or device); "
                "it cannot be a workspace's settings",
                "{config} 不是普通文件（而是文件夹、FIFO、套接字或设备），不能作为工作区的设置",
                config=config,
            ),
            tr(
                "replace it with the workspace's {name} file",
                "请把它换成工作区的 {name} 文件",
                name=CONFIG_FILE,
            ),
        )


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The named workspace, or the first folder upwards from `start` holding ssvssj.yaml."""
    if explicit is not None:
        root = explicit.expanduser()
        _refuse_irregular_config(root / CONFIG_FILE)
        if not (root / CONFIG_FILE).is_file():
            raise WorkspaceNotFound(
                tr(
                    "{root} is not an ssvssj workspace (no {config})",
                    "{root} 不是 ssvssj 工作区（没有 {config}）",
                    root=root,
                    config=CONFIG_FILE,
                ),
                tr(
                    "run `ssvssj init {root}` to make one",
                    "可运行 `ssvssj init {root}` 新建一个",
                    root=root,
                ),
            )
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        _refuse_irregular_config(folder / CONFIG_FILE)
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise WorkspaceNotFound(
        tr(
            "no ssvssj workspace here: no {config} in {here} or any folder above it",
            "这里没有 ssvssj 工作区：{here} 及其上级文件夹中都没有 {config}",
            config=CONFIG_FILE,
            here=here,
        ),
        tr(
            "run `ssvssj init` to make one, or pass --workspace DIR (or set SSVSSJ_WORKSPACE)",
            "可运行 `ssvssj init` 新建一个，"
            "或用 --workspace 文件夹（或环境变量 SSVSSJ_WORKSPACE）指定",
        ),
    )


def read_declared_language(root: Path) -> str | None:
    """The workspace's language from its ssvssj.yaml, cheaply, before anything heavy loads."""
    from ssvssj.confine import leads_out
    from ssvssj.i18n import declared_language

    config = root / CONFIG_FILE
    if leads_out(root, config) or not config.is_file():
        return None
    try:
        with config.open("rb") as stream:
            return declared_language(stream.read(65536))
    except OSError:
        return None
