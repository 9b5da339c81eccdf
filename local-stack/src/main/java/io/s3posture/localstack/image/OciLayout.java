package io.s3posture.localstack.image;

import io.s3posture.localstack.HostCommand;
import io.s3posture.localstack.proxy.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An OCI image layout on disk, changed with umoci and copied to a registry with skopeo. */
public final class OciLayout {

  private final ImageTools tools;
  private final Path dir;

  OciLayout(ImageTools tools, Path dir) {
    this.tools = tools;
    this.dir = dir;
  }

  /** A new, empty layout with an image {@code tag} of no layers. */
  static OciLayout create(ImageTools tools, Path dir, String tag) {
    OciLayout layout = new OciLayout(tools, dir);
    layout.umoci("init", "--layout", dir.toString());
    layout.umoci("new", "--image", dir + ":" + tag);
    return layout;
  }

  public Path dir() {
    return dir;
  }

  /** Adds {@code source} (a file or directory of the host) as a layer at {@code target}. */
  void insert(String tag, Path source, String target) {
    umoci("insert", "--image", dir + ":" + tag, source.toString(), target);
  }

  /** Sets configuration values: umoci's {@code --config.*} options, e.g. {@code user}. */
  void config(String tag, List<String> options) {
    List<String> args = new ArrayList<>(List.of("config", "--image", dir + ":" + tag));
    args.addAll(options);
    umoci(args.toArray(String[]::new));
  }

  void tag(String from, String to) {
    umoci("tag", "--image", dir + ":" + from, to);
  }

  void gc() {
    umoci("gc", "--layout", dir.toString());
  }

  /** Bytes of the image's compressed layers: what a node pulls. */
  public long compressedSize(String tag) {
    long total = 0;
    for (Object layer : (List<?>) manifest(tag).get("layers")) {
      total += ((Number) ((Map<?, ?>) layer).get("size")).longValue();
    }
    return total;
  }

  /**
   * The image's configuration as umoci wrote it: the OCI image config's {@code config} object
   * (User, Entrypoint, Cmd, Env, WorkingDir, ExposedPorts, Labels).
   */
  public Map<String, Object> config(String tag) {
    Map<?, ?> configRef = (Map<?, ?>) manifest(tag).get("config");
    Map<String, Object> image = read(blob((String) configRef.get("digest")));
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) image.get("config");
    return config;
  }

  private Map<String, Object> manifest(String tag) {
    Map<String, Object> index = read(dir.resolve("index.json"));
    for (Object entry : (List<?>) index.get("manifests")) {
      Map<?, ?> manifest = (Map<?, ?>) entry;
      Object annotations = manifest.get("annotations");
      if (annotations instanceof Map<?, ?> map
          && tag.equals(map.get("org.opencontainers.image.ref.name"))) {
        return read(blob((String) manifest.get("digest")));
      }
    }
    throw new IllegalArgumentException("no image " + tag + " in " + dir);
  }

  private static Map<String, Object> read(Path file) {
    try {
      return Json.parseObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path blob(String digest) {
    String[] parts = digest.split(":", 2);
    return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  /**
   * Copies image {@code tag} to {@code registryHost/repository:tag} over plain HTTP and returns the
   * manifest digest the registry stored.
   */
  public String push(String tag, String registryHost, String repository) {
    try {
      Path digestFile = Files.createTempFile("digest", ".txt");
      try {
        run(
            List.of(
                tools.skopeo().toString(),
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                "--digestfile",
                digestFile.toString(),
                "oci:" + dir + ":" + tag,
                "docker://" + registryHost + "/" + repository + ":" + tag));
        return Files.readString(digestFile).strip();
      } finally {
        Files.deleteIfExists(digestFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void umoci(String... args) {
    List<String> command = new ArrayList<>();
    command.add(tools.umoci().toString());
    command.addAll(List.of(args));
    run(command);
  }

  static String run(List<String> command) {
    return HostCommand.run(command, Map.of(), 900).orFail();
  }
}
