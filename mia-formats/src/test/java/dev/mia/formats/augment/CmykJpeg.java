package dev.mia.formats.augment;

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

/** A CMYK JPEG made in memory: a 4-band raster written as is, tagged CMYK by an Adobe marker. */
final class CmykJpeg {
  private CmykJpeg() {}

  /** 8x8, every sample 255: in Adobe's inverted convention, no ink, i.e. white. */
  static byte[] white8x8() throws IOException {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 8, 8, 4, null);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        raster.setPixel(x, y, new int[] {255, 255, 255, 255});
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
}
