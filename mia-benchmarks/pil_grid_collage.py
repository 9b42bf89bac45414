#!/usr/bin/env python3
"""Times MIA-DPO's 3x3 grid collage recipe with Python's PIL, for comparison with mia's
GridCollageBenchmark (dev.mia.benchmarks.formats).

Recipe, as in the Java benchmark: nine decoded 640x480 photo-like images (generated here with
fixed seeds, written as JPEG at quality 75 and decoded, outside the timing), each resized with
LANCZOS to fit a 448x448 tile, pasted on a white 1424x1464 canvas (margin 40: a label band above
each row), labelled "Image1".."Image9" with ImageDraw.text, and the canvas encoded as JPEG at
quality 95 into memory. One thread.

    python3 pil_grid_collage.py [--repeat 20] [--warmup 3]

Prints one line: the PIL version, the recipe and the median and mean milliseconds per collage.
"""
import argparse
import io
import random
import statistics
import time

from PIL import Image, ImageChops, ImageDraw, ImageFont, __version__ as PIL_VERSION

WIDTH, HEIGHT = 640, 480
TILE, MARGIN, SIDE = 448, 40, 3
CANVAS = (SIDE * TILE + (SIDE - 1) * MARGIN, SIDE * (TILE + MARGIN))


def photo_like(seed):
    """Smooth gradients, 24 hard-edged discs and mild noise, like the Java PhotoLikeImage."""
    rnd = random.Random(seed)
    red = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    green = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    blue = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        cx, cy = rnd.randrange(WIDTH), rnd.randrange(HEIGHT)
        r = 8 + rnd.randrange(max(9, min(WIDTH, HEIGHT) // 6))
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    noise = [
        Image.frombytes("L", (WIDTH, HEIGHT), rnd.randbytes(WIDTH * HEIGHT)).point(
            lambda v: 122 + v * 12 // 255
        )
        for _ in range(3)
    ]
    return ImageChops.add(image, Image.merge("RGB", noise), scale=1.0, offset=-128)


def decoded(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    buffer.seek(0)
    result = Image.open(buffer)
    result.load()
    return result


def label_font():
    try:
        return ImageFont.truetype("DejaVuSans.ttf", 28)
    except OSError:
        return ImageFont.load_default()


def collage(images, font):
    canvas = Image.new("RGB", CANVAS, "white")
    draw = ImageDraw.Draw(canvas)
    for k, image in enumerate(images):
        x = (k % SIDE) * (TILE + MARGIN)
        y = (k // SIDE) * (TILE + MARGIN) + MARGIN
        scale = min(TILE / image.width, TILE / image.height)
        size = (round(image.width * scale), round(image.height * scale))
        canvas.paste(image.resize(size, Image.LANCZOS), (x, y))
        draw.text((x + 20, y - 38), f"Image{k + 1}", fill="black", font=font)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=95)
    return len(buffer.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed collages (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed collages first (default 3)")
    args = parser.parse_args()
    images = [decoded(photo_like(100 + i)) for i in range(SIDE * SIDE)]
    font = label_font()
    for _ in range(args.warmup):
        collage(images, font)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        collage(images, font)
        times.append((time.perf_counter() - start) * 1000.0)
    print(
        f"PIL {PIL_VERSION} grid collage (3x3 of 640x480, LANCZOS into 448x448 tiles, margin 40,"
        f" labels, JPEG quality 95), one thread: median {statistics.median(times):.1f} ms,"
        f" mean {statistics.mean(times):.1f} ms over {args.repeat} collages."
    )


if __name__ == "__main__":
    main()
