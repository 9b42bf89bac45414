package dev.mia.core.io;

import dev.mia.core.data.PreferencePair;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A second JVM for {@link JsonlWriterLockTest}: opens a writer on the target given as argument,
 * writes and flushes three pairs, prints {@code locked} and waits until it is killed.
 */
final class LockHoldingWriter {
  private LockHoldingWriter() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    JsonlWriter<PreferencePair> out =
        JsonlWriter.open(Path.of(args[0]), MiaPairCodec.INSTANCE, WriteMode.REPLACE);
    for (int i = 0; i < 3; i++) {
      out.write(Fixtures.pair("p" + i));
    }
    out.flush();
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
