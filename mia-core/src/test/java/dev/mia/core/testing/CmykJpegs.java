package dev.mia.core.testing;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * CMYK JPEGs made in memory for tests: the JDK's JPEG writer encodes a 4-band raster as is, and an
 * Adobe APP14 marker (transform 0) inserted after SOI tells readers the four components are CMYK in
 * Adobe's inverted convention (255 = no ink).
 */
public final class CmykJpegs {
  private CmykJpegs() {}

  /**
   * Encodes a CMYK JPEG whose pixel {@code (x, y)} stores {@code inks.apply(x, y)}.
   *
   * @param width the width
   * @param height the height
   * @param inks the four stored samples of each pixel
   * @return the JPEG bytes
   * @throws IOException if encoding fails
   */
  public static byte[] encode(int width, int height, Inks inks) throws IOException {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, inks.at(x, y));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(1f);
      writer.write(null, new IIOImage(raster, null, null), param);
    } finally {
      writer.dispose();
    }
    byte[] plain = bytes.toByteArray();
    // APP14 "Adobe", version 100, flags 0/0, transform 0 (CMYK), right after SOI.
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    byte[] out = new byte[plain.length + app14.length];
    System.arraycopy(plain, 0, out, 0, 2);
    System.arraycopy(app14, 0, out, 2, app14.length);
    System.arraycopy(plain, 2, out, 2 + app14.length, plain.length - 2);
    return out;
  }

  /** The four stored samples of each pixel. */
  @FunctionalInterface
  public interface Inks {
    /**
     * Returns the samples of a pixel.
     *
     * @param x the column
     * @param y the row
     * @return four samples in [0, 255]
     */
    int[] at(int x, int y);
  }
}
