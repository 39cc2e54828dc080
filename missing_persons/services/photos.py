"""Missing persons' photos: accepted by their magic bytes (JPEG/PNG), stored under random names."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError

# The first bytes of the only photo formats accepted (no image library: the content is
# sniffed, never the name or the browser's claimed type).
IMAGE_SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}


def clean_photo(upload) -> tuple[str, str]:
    """(content type, extension) of an uploaded JPEG or PNG; anything else is refused."""
    if upload.size > settings.MISSING_PHOTO_MAX_BYTES:
        raise ValidationError(
            {"photo": f"The photo is too large: at most {settings.MISSING_PHOTO_MAX_BYTES // 1024} KB."}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError({"photo": "Upload a photo as a JPEG or PNG image."})


def attach_photo(record, upload) -> None:
    """Store the upload under MEDIA_ROOT with a random name (the person's name never reaches the disk)."""
    content_type, extension = clean_photo(upload)
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    record.photo = upload
    record.photo_content_type = content_type
