"""Charts as PNG files (matplotlib's Agg backend, imported only when a chart is asked for):
the font for the language, sentences from the catalogues, the file written and closed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CJK_FONTS = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC"}  # Debian's fonts-noto-cjk


@contextmanager
def figure(
    path: str | Path, lang: str, nrows: int, size: tuple[float, float]
) -> Iterator[tuple[Any, Any, Callable[..., str]]]:
    """(the figure, its ``nrows`` axes in a column, ``say(code, **params)`` in ``lang``);
    the PNG is written at ``path`` when the block ends without an error."""
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from kodo.i18n import Message, render

    def say(code: str, **params: Any) -> str:
        return render(Message.of(code, **params), lang)

    font = CJK_FONTS.get(lang)
    families = ["DejaVu Sans"]
    if font and any(f.name == font for f in font_manager.fontManager.ttflist):
        families.insert(0, font)
    with plt.rc_context({"font.family": families}), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing without a CJK font
        fig, axes = plt.subplots(nrows, 1, figsize=size, squeeze=False)
        try:
            yield fig, axes[:, 0], say
            fig.tight_layout()
            fig.savefig(path, format="png", dpi=100)
        finally:
            plt.close(fig)
