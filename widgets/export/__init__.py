"""Pictures for slides and notes: PNG (1×/2×/4×, optionally transparent), SVG (vectors),
the clipboard, a range of steps as numbered PNG frames or an animated GIF, and the current
iteration's trace as CSV or JSON.

Every file is written beside its target under a temporary name and then renamed over it
(``model.atomic_write``), so a failed or cancelled export never leaves a half-written file.
One module per job; this package is their one front door (``from widgets import export``),
used by the window's File menu, the export dialog and ``main.py render``.
"""

from widgets.export.frames import ExportCancelled, export_frames, frame_pattern, grab_steps
from widgets.export.gif import (
    MAX_DELAY_MS,
    MIN_DELAY_MS,
    STRIP_BACKGROUND,
    check_delay,
    export_gif,
    with_caption,
)
from widgets.export.picture import (
    BACKGROUND,
    SCALES,
    SkipBackground,
    copy_to_clipboard,
    export_png,
    export_svg,
    paint_widget,
    save_image,
    widget_image,
)
from widgets.export.targets import (
    StepSource,
    lesson_steps,
    session_steps,
    window_steps,
    window_targets,
)
from widgets.export.trace import export_trace

__all__ = [
    "BACKGROUND", "MAX_DELAY_MS", "MIN_DELAY_MS", "SCALES", "STRIP_BACKGROUND",
    "ExportCancelled", "SkipBackground", "StepSource",
    "check_delay", "copy_to_clipboard", "export_frames", "export_gif", "export_png",
    "export_svg", "export_trace", "frame_pattern", "grab_steps", "lesson_steps",
    "paint_widget", "save_image", "session_steps", "widget_image", "window_steps",
    "window_targets", "with_caption",
]
