package dev.mia.core.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The trained module's id hash and its archive. */
final class TrainedModule {
  /** DJL's PtSymbolBlock.saveParameters: a version byte and the archive's length as a long. */
  private static final int HEADER_BYTES = 1 + Long.BYTES;

  private TrainedModule() {}

  /** The SHA-256 of every parameter's name, shape, type and bytes, in order. */
  static String parameterHash(PairList<String, Parameter> parameters) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      parameters.forEach(
          p -> {
            NDArray array = p.getValue().getArray();
            digest.update(p.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update(
                (array.getShape() + "/" + array.getDataType()).getBytes(StandardCharsets.UTF_8));
            digest.update(array.toByteArray());
          });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Writes the block's module as a plain TorchScript archive: DJL's {@code saveParameters} output
   * without its header, streamed to a temporary file beside the target and moved into place.
   */
  static void save(Block block, Path file) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Path dir = target.getParent();
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      HeaderSkipping out = new HeaderSkipping(Files.newOutputStream(temp));
      try (DataOutputStream data = new DataOutputStream(out)) {
        block.saveParameters(data);
      }
      out.checkLength(target);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TorchScript module to " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the temporary file is left behind; the target is untouched
        }
      }
    }
  }

  /** Drops the header's bytes, keeps the archive's, and checks the header's length against it. */
  private static final class HeaderSkipping extends FilterOutputStream {
    private final byte[] header = new byte[HEADER_BYTES];
    private long seen;

    HeaderSkipping(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      if (seen < HEADER_BYTES) {
        header[(int) seen] = (byte) b;
      } else {
        out.write(b);
      }
      seen++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int skip = (int) Math.max(0, Math.min(len, HEADER_BYTES - seen));
      if (skip > 0) {
        System.arraycopy(b, off, header, (int) seen, skip);
      }
      if (len > skip) {
        out.write(b, off + skip, len - skip);
      }
      seen += len;
    }

    void checkLength(Path target) throws IOException {
      long declared = ByteBuffer.wrap(header, 1, Long.BYTES).getLong();
      if (seen < HEADER_BYTES || declared != seen - HEADER_BYTES) {
        throw new IOException(
            "DJL wrote "
                + seen
                + " bytes with a declared archive length of "
                + declared
                + " for "
                + target
                + ": not the layout this version of mia expects (DJL 0.34)");
      }
    }
  }
}
