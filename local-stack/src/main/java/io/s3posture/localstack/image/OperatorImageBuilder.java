package io.s3posture.localstack.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the operator image here, without a daemon, from the cached Debian base
 * (hack/install-tools.sh node) and an {@link ImageRecipe}: the jar in the recipe's place, the class
 * data sharing archive made by the base's own JRE with the jar at its final path (a chroot of the
 * base root filesystem in a private mount namespace: nothing of it changes), one layer for both,
 * then the recipe's user, entrypoint, command, environment, port and labels. Only the application
 * layer is new on each build: the base's layer is hard-linked from the cache.
 */
public final class OperatorImageBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorImageBuilder.class);
  private static final String BASE_TAG = "base";

  private final ImageTools tools;
  private final ImageRecipe recipe;

  public OperatorImageBuilder(ImageTools tools, ImageRecipe recipe) {
    this.tools = tools;
    this.recipe = recipe;
  }

  /** What was built: the layout holding image {@code tag}, and its sizes. */
  public record BuiltImage(
      OciLayout layout, String tag, long compressedBytes, long unpackedBytes) {}

  public BuiltImage build(Path jar, Path classList, Path workDir, String tag) {
    long started = System.nanoTime();
    try {
      deleteRecursively(workDir);
      Files.createDirectories(workDir);
      OciLayout layout = copyBase(workDir.resolve("oci"));
      Path appDir = workDir.resolve("app");
      Files.createDirectories(appDir);
      String appPath = parentOf(recipe.jarPath());
      if (!appPath.equals(parentOf(recipe.archivePath()))) {
        throw new IllegalArgumentException("the jar and the archive must share a directory");
      }
      Files.copy(
          jar,
          appDir.resolve(fileName(recipe.jarPath())),
          StandardCopyOption.COPY_ATTRIBUTES,
          StandardCopyOption.REPLACE_EXISTING);
      dumpArchive(appDir, appPath, classList);
      layout.insert(BASE_TAG, appDir, appPath);
      layout.config(BASE_TAG, configOptions());
      layout.tag(BASE_TAG, tag);
      layout.gc();
      long unpacked = sizeOf(tools.baseRootfs()) + sizeOf(appDir);
      BuiltImage image = new BuiltImage(layout, tag, layout.compressedSize(tag), unpacked);
      LOG.info(
          "built image {} in {} s: {} MiB compressed, {} MiB unpacked",
          tag,
          (System.nanoTime() - started) / 1_000_000_000,
          image.compressedBytes() >> 20,
          image.unpackedBytes() >> 20);
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base layout, its blobs hard-linked (they never change: they are named by digest). */
  private OciLayout copyBase(Path target) throws IOException {
    OciLayout.run(List.of("cp", "-al", tools.baseLayout().toString(), target.toString()));
    Path index = target.resolve("index.json");
    Path copy = target.resolve("index.json.copy");
    Files.copy(index, copy);
    Files.move(copy, index, StandardCopyOption.REPLACE_EXISTING);
    return new OciLayout(tools, target);
  }

  /**
   * The Dockerfile's {@code RUN java -Xshare:dump ...}: in the base root filesystem, with the
   * application directory bind-mounted at its path and the class list on a tmpfs, so the archive
   * names the jar where the image has it and nothing is written to the cached base.
   */
  private void dumpArchive(Path appDir, String appPath, Path classList) {
    List<String> java = new ArrayList<>(List.of("java"));
    java.addAll(recipe.archiveDump("/tmp/s3-posture-operator.classlist"));
    String script =
        "set -e; mount --bind \"$1\" \"$2$3\"; mount -t tmpfs tmpfs \"$2/tmp\";"
            + " cp \"$4\" \"$2/tmp/s3-posture-operator.classlist\"; mount -t proc proc \"$2/proc\";"
            + " shift 4; exec chroot \"$ROOTFS\" \"$@\" >/dev/null";
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--fork",
                "--",
                "env",
                "ROOTFS=" + tools.baseRootfs(),
                "sh",
                "-c",
                script,
                "sh",
                appDir.toAbsolutePath().toString(),
                tools.baseRootfs().toString(),
                appPath,
                classList.toAbsolutePath().toString()));
    command.addAll(java);
    OciLayout.run(command);
    if (!Files.isRegularFile(appDir.resolve(fileName(recipe.archivePath())))) {
      throw new IllegalStateException("the JRE wrote no class data sharing archive");
    }
  }

  private List<String> configOptions() {
    List<String> options = new ArrayList<>();
    options.add("--config.user=" + recipe.user());
    options.add("--config.workingdir=" + recipe.workingDir());
    recipe.entrypoint().forEach(e -> options.add("--config.entrypoint=" + e));
    recipe.cmd().forEach(c -> options.add("--config.cmd=" + c));
    recipe.env().forEach((k, v) -> options.add("--config.env=" + k + "=" + v));
    recipe.exposedPorts().forEach(p -> options.add("--config.exposedports=" + p + "/tcp"));
    recipe.labels().forEach((k, v) -> options.add("--config.label=" + k + "=" + v));
    return options;
  }

  private static String parentOf(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
