"""The bytes of an ONNX file as a ModelProto, or a refusal saying what the file is instead.

ONNX is protobuf: parsing it builds messages and runs no code. A file that is something
else (a PyTorch checkpoint, a Keras HDF5 file, a pickle, a session) is recognised by its
first bytes and named; broken or truncated bytes are refused before any graph is read.
``onnx`` is imported inside the function.
"""

from __future__ import annotations

from pathlib import Path

from model.errors import ValidationError
from model.validate import check_file

MAX_ONNX_BYTES = 200 * 1024 * 1024
_SIGNATURES = (  # what other files start with, to say what was opened instead
    (b"PK\x03\x04", "a zip archive (a PyTorch .pt/.pth checkpoint or a Keras .keras file?)"),
    (b"\x89HDF", "an HDF5 file (a Keras .h5 model?)"),
    (b"\x80", "a Python pickle (a PyTorch or scikit-learn file?); pickles are never opened"),
    (b"\x89PNG", "a PNG image"),
    (b"{", "a JSON file (a session? open it as a session)"),
)



def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused if missing, a folder or over MAX_ONNX_BYTES."""
    check_file(path, "an ONNX model", "ONNX models", MAX_ONNX_BYTES)
    try:
        return path.read_bytes()
    except OSError as err:
        raise ValidationError("", f"{path}: cannot read ({err.strerror})") from None


def parse_model(data: bytes):
    """The ModelProto in ``data``; a file that is not one is refused saying what it looks like."""
    import onnx

    if not data:
        raise ValidationError("", "empty file, not an ONNX model")
    for magic, what in _SIGNATURES:
        if data.lstrip()[:len(magic)] == magic:
            raise ValidationError("", f"not an ONNX model: it is {what}; export the model "
                                      "to ONNX first")
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except Exception:  # protobuf's DecodeError (and its C++ twin) for broken bytes
        raise ValidationError("", "not an ONNX model: its bytes do not decode (truncated, or "
                                  "another kind of file)") from None
    if not model.ir_version or not model.HasField("graph"):
        raise ValidationError("", "not an ONNX model: no IR version or no graph (truncated, or "
                                  "another kind of file)")
    if not any(op.domain in ("", "ai.onnx") for op in model.opset_import):
        raise ValidationError("", "no opset for the standard ONNX operators (a truncated "
                                  "file?)")
    return model
