package io.s3posture.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** moto's standalone server (S3, S3 Control, STS, ...) on loopback. */
public final class MotoServer implements AutoCloseable {

  /** The account moto answers for unless told otherwise. */
  public static final String ACCOUNT_ID = "123456789012";

  private final ServerProcess process;
  private final URI endpoint;

  private MotoServer(ServerProcess process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * A moto of its own, outside the shared stack (its log in {@code workDir/logs/moto.log}): for a
   * test that fills an account with more buckets than other tests may see.
   */
  public static MotoServer start(Path workDir) {
    return start(binary(), workDir, Duration.ofSeconds(90), true);
  }

  /**
   * A moto of its own whose accounts are apart, as in AWS: a request signed with credentials STS
   * issued for a role of another account acts in that account (the shared moto is pinned to {@link
   * #ACCOUNT_ID}, whatever signs). For tests of several accounts, e.g. an AWS Organization's
   * members.
   */
  public static MotoServer startWithSeparateAccounts(Path workDir) {
    return start(binary(), workDir, Duration.ofSeconds(90), false);
  }

  private static Path binary() {
    return StackTools.require(StackTools.defaultBinDir().resolve("moto_server"), "moto_server");
  }

  static MotoServer start(Path binary, Path workDir, Duration timeout) {
    return start(binary, workDir, timeout, true);
  }

  private static MotoServer start(
      Path binary, Path workDir, Duration timeout, boolean pinnedAccount) {
    int port = LoopbackPorts.free();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    ServerProcess process =
        ServerProcess.start(
            "moto",
            List.of(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
            pinnedAccount
                ? Map.of("MOTO_ACCOUNT_ID", ACCOUNT_ID, "PYTHONUNBUFFERED", "1")
                : Map.of("PYTHONUNBUFFERED", "1"),
            workDir.resolve("logs/moto.log"));
    HttpProbe probe = HttpProbe.plain();
    process.awaitReady(() -> probe.isOk(endpoint.resolve("/moto-api/")), timeout);
    return new MotoServer(process, endpoint);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Wipes every account and service. Not safe while other tests use the server. */
  public void reset() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      int status =
          HttpClient.newHttpClient()
              .send(request, HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status != 200) {
        throw new IllegalStateException("moto reset answered HTTP " + status);
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during moto reset", e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
