"""The headless commands' progress bar: drawn in place on a terminal, silent elsewhere."""

import io

from app.terminal_bar import TerminalBar


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_the_bar_redrawn_in_place_and_a_newline_at_the_end():
    out = Tty()
    bar = TerminalBar(4, out, "frame")
    bar.show(1)
    bar.show(2)  # within 0.1 s of the first: skipped
    bar.show(4, "loss 0.25")  # the last is always drawn
    bar.close()
    assert out.getvalue() == ("\r[#######.......................] frame 1/4"
                              "\r[##############################] frame 4/4  loss 0.25\n")


def test_a_file_or_pipe_gets_nothing():
    out = io.StringIO()
    bar = TerminalBar(3, out, "epoch")
    bar.show(3, "loss 1")
    bar.close()
    assert out.getvalue() == ""
