package dev.mia.formats.augment;

import dev.mia.core.testing.CmykJpegs;
import java.io.IOException;

/** A CMYK JPEG made in memory, through mia-core's shared test helper. */
final class CmykJpeg {
  private CmykJpeg() {}

  /** 8x8, every sample 255: in Adobe's inverted convention, no ink, i.e. white. */
  static byte[] white8x8() throws IOException {
    return CmykJpegs.encode(8, 8, (x, y) -> new int[] {255, 255, 255, 255});
  }
}
