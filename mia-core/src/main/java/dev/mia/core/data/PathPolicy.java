package dev.mia.core.data;

/**
 * Which image paths written in the data are opened, relative to the image root they are resolved
 * against ({@link ImageRef.OnDisk#resolve(java.nio.file.Path, PathPolicy)}). Paths in datasets are
 * untrusted: {@code ../../etc/passwd} or an absolute path can name any file on the machine, so only
 * paths that stay inside the root are opened unless the user says otherwise.
 */
public enum PathPolicy {
  /**
   * Only relative paths that stay inside the root after normalisation; the default. Others throw
   * {@link dev.mia.core.ImagePathException}.
   */
  INSIDE_ROOT,
  /**
   * Relative paths inside the root, and absolute paths as they are (normalised), for data whose
   * paths point into several folders on purpose.
   */
  ALLOW_ABSOLUTE,
  /**
   * Any path: absolute ones, and relative ones that climb above the root, such as the composed
   * images of {@code mia-formats}' image store when it lies beside the image root ({@code
   * ../out/images/ab/ab12....png}). For trusted data only.
   */
  ANYWHERE
}
