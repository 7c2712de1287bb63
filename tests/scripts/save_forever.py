"""Save two versions of a large session over one path, alternately, until killed.

Run by tests/test_atomic_save.py: ``python tests/scripts/save_forever.py TARGET A B``. A and
B are session files the test wrote with ``save_session`` (several MB each, weights differ);
their texts are read once and written over TARGET with ``atomic_write_text``, the function
``save_session`` ends in, so nearly all of the loop's time is spent inside the write, where a
kill is dangerous (not in ``json.dumps``). Prints ``ready`` before the first write and the
version's letter after each completed one.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def main() -> None:
    from model.atomic_write import atomic_write_text

    target, *sources = (Path(arg) for arg in sys.argv[1:4])
    texts = [(src.stem, src.read_text(encoding="utf-8")) for src in sources]
    print("ready", flush=True)
    while True:
        for name, text in texts:
            atomic_write_text(target, text)
            print(name, flush=True)


if __name__ == "__main__":
    main()
