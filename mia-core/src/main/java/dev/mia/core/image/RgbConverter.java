package dev.mia.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Converts any {@link BufferedImage} to a new TYPE_INT_RGB image; the implementation behind {@link
 * ImageLoader#toRgb}.
 */
final class RgbConverter {
  private RgbConverter() {}

  static BufferedImage toRgb(BufferedImage image) {
    return Pixels.fromRgb(image.getWidth(), image.getHeight(), toRgbPixels(image));
  }

  /** The packed {@code 0xRRGGBB} pixels of {@link #toRgb}'s result, row-major, as a new array. */
  static int[] toRgbPixels(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    if (isIntegerGrey(cm, image.getRaster())) {
      return greyToRgb(image.getRaster(), cm);
    }
    return colourToRgb(image);
  }

  private static boolean isIntegerGrey(ColorModel cm, Raster raster) {
    int type = raster.getTransferType();
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && (type == DataBuffer.TYPE_BYTE
            || type == DataBuffer.TYPE_USHORT
            || type == DataBuffer.TYPE_INT);
  }

  /**
   * Grey samples are taken as they are stored (scaled to 8 bits), not converted from Java's linear
   * grey colour space to sRGB, which would brighten mid-tones: a stored 128 becomes (128, 128, 128)
   * as in PIL's {@code convert("RGB")}.
   */
  private static int[] greyToRgb(Raster raster, ColorModel cm) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    double greyMax = (double) ((1L << cm.getComponentSize(0)) - 1);
    boolean alpha = cm.hasAlpha();
    double alphaMax = alpha ? (double) ((1L << cm.getComponentSize(1)) - 1) : 1.0;
    boolean premultiplied = cm.isAlphaPremultiplied();
    int minX = raster.getMinX();
    int minY = raster.getMinY();
    int[] out = new int[w * h];
    int[] grey = new int[w];
    int[] alphas = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(minX, minY + y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(minX, minY + y, w, 1, 1, alphas);
      }
      for (int x = 0; x < w; x++) {
        double g = (grey[x] & 0xFFFFFFFFL) * 255.0 / greyMax;
        double v;
        if (alpha) {
          double a = (alphas[x] & 0xFFFFFFFFL) / alphaMax;
          v = (premultiplied ? g : g * a) + 255.0 * (1.0 - a);
        } else {
          v = g;
        }
        int c = Pixels.clampRound(v);
        out[y * w + x] = c << 16 | c << 8 | c;
      }
    }
    return out;
  }

  /** Colour images: through the colour model to non-premultiplied sRGB, then over white. */
  private static int[] colourToRgb(BufferedImage image) {
    if (isByteSrgb(image.getColorModel(), image.getRaster())) {
      return byteSrgbToRgb(image.getRaster());
    }
    BufferedImage srgb = image;
    if (!image.getColorModel().getColorSpace().isCS_sRGB()) {
      int type =
          image.getColorModel().hasAlpha()
              ? BufferedImage.TYPE_INT_ARGB
              : BufferedImage.TYPE_INT_RGB;
      srgb = new BufferedImage(image.getWidth(), image.getHeight(), type);
      new ColorConvertOp(null).filter(image, srgb);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = srgb.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int a = p >>> 24;
      if (a == 255) {
        argb[i] = p & 0xFFFFFF;
      } else {
        argb[i] = over(p >>> 16 & 0xFF, a) << 16 | over(p >>> 8 & 0xFF, a) << 8 | over(p & 0xFF, a);
      }
    }
    return argb;
  }

  /**
   * Opaque 8-bit sRGB in bytes (decoded JPEGs: TYPE_3BYTE_BGR): the samples are the RGB values that
   * {@code getRGB} would return, read a row at a time instead of pixel by pixel.
   */
  private static boolean isByteSrgb(ColorModel cm, Raster raster) {
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().isCS_sRGB()
        && !cm.hasAlpha()
        && cm.getNumComponents() == 3
        && cm.getComponentSize(0) == 8
        && cm.getComponentSize(1) == 8
        && cm.getComponentSize(2) == 8
        && raster.getTransferType() == DataBuffer.TYPE_BYTE
        && raster.getNumBands() == 3;
  }

  private static int[] byteSrgbToRgb(Raster raster) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int minX = raster.getMinX();
    int minY = raster.getMinY();
    int[] out = new int[w * h];
    if (raster.getSampleModel() instanceof ComponentSampleModel sm
        && raster.getDataBuffer() instanceof DataBufferByte bytes
        && bytes.getNumBanks() == 1
        && sm.getNumBands() == 3) {
      // Straight from the bytes: sample (x, y, band) of the raster is at
      // offset + (y - ty) * scanline + (x - tx) * pixelStride + bandOffset[band].
      byte[] data = bytes.getData();
      int pixelStride = sm.getPixelStride();
      int scanline = sm.getScanlineStride();
      int[] bandOffsets = sm.getBandOffsets();
      int x0 = minX - raster.getSampleModelTranslateX();
      int y0 = minY - raster.getSampleModelTranslateY();
      for (int y = 0; y < h; y++) {
        int at = bytes.getOffset() + (y0 + y) * scanline + x0 * pixelStride;
        int ro = at + bandOffsets[0];
        int go = at + bandOffsets[1];
        int bo = at + bandOffsets[2];
        int row = y * w;
        for (int x = 0; x < w; x++) {
          int i = x * pixelStride;
          out[row + x] =
              (data[ro + i] & 0xFF) << 16 | (data[go + i] & 0xFF) << 8 | data[bo + i] & 0xFF;
        }
      }
      return out;
    }
    int[] samples = new int[3 * w];
    for (int y = 0; y < h; y++) {
      raster.getPixels(minX, minY + y, w, 1, samples);
      int at = y * w;
      for (int x = 0; x < w; x++) {
        out[at + x] = samples[3 * x] << 16 | samples[3 * x + 1] << 8 | samples[3 * x + 2];
      }
    }
    return out;
  }

  /** {@code round(c * a/255 + 255 * (1 - a/255))}; exact in integers (255 is odd: no ties). */
  private static int over(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }
}
