package io.s3posture.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded local stack: etcd + kube-apiserver (control plane only) and moto, all on loopback.
 * Closing it stops every process, in reverse order of start.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Path workDir;
  private final Path kubeconfig;
  private final URI apiServerUrl;
  private final MotoServer moto;
  private final KubeApiServer apiServer;
  private final Deque<AutoCloseable> running;

  private LocalStack(
      Path workDir,
      Path kubeconfig,
      URI apiServerUrl,
      MotoServer moto,
      KubeApiServer apiServer,
      Deque<AutoCloseable> running) {
    this.workDir = workDir;
    this.kubeconfig = kubeconfig;
    this.apiServerUrl = apiServerUrl;
    this.moto = moto;
    this.apiServer = apiServer;
    this.running = running;
  }

  /** Starts the stack with its data, certificates and logs under {@code workDir}. */
  public static LocalStack start(Path workDir) {
    return start(workDir, "127.0.0.1");
  }

  /**
   * Starts the stack with kube-apiserver on {@code apiServerAddress} (pods of a real node reach it
   * there through the {@code kubernetes} Service); etcd and moto stay on loopback.
   */
  public static LocalStack start(Path workDir, String apiServerAddress) {
    StackTools tools = StackTools.locate();
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      WorkDirectory.recreate(workDir);
      long started = System.nanoTime();
      MotoServer moto = MotoServer.start(tools.motoServer(), workDir, STARTUP_TIMEOUT);
      running.push(moto);
      EtcdServer etcd = EtcdServer.start(tools.etcd(), workDir, STARTUP_TIMEOUT);
      running.push(etcd);
      KubeApiServer apiServer =
          KubeApiServer.start(
              tools.kubeApiServer(), etcd.clientUrl(), workDir, STARTUP_TIMEOUT, apiServerAddress);
      running.push(apiServer);
      Path kubeconfig =
          KubeconfigFile.write(
              workDir.resolve("kubeconfig"),
              apiServer.url(),
              apiServer.caCertificate(),
              apiServer.adminToken());
      LOG.info(
          "local stack up in {} ms: kube-apiserver {}, moto {}, kubeconfig {}",
          (System.nanoTime() - started) / 1_000_000,
          apiServer.url(),
          moto.endpoint(),
          kubeconfig);
      return new LocalStack(workDir, kubeconfig, apiServer.url(), moto, apiServer, running);
    } catch (IOException e) {
      closeAll(running);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeAll(running);
      throw e;
    }
  }

  public Path workDir() {
    return workDir;
  }

  /** A kubeconfig for the admin user ({@code system:masters}). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public URI apiServerUrl() {
    return apiServerUrl;
  }

  /** The API server's CA bundle (its self-signed serving certificate and CA). */
  public Path apiServerCaCertificate() {
    return apiServer.caCertificate();
  }

  /** The static admin token ({@code system:masters}) the kubeconfig carries. */
  public String adminToken() {
    return apiServer.adminToken();
  }

  /** The service account signing key pair's private key (for kube-controller-manager). */
  public Path serviceAccountPrivateKey() {
    return workDir.resolve("pki").resolve("sa.key");
  }

  public MotoServer moto() {
    return moto;
  }

  /**
   * Stops kube-apiserver, as an upgrade or a crash of the control plane does: clients lose their
   * connections and watches until {@link #startApiServer()}. etcd keeps the data.
   */
  public void stopApiServer() {
    apiServer.stop();
  }

  /** Starts kube-apiserver again on the same URL, with the same certificate and tokens. */
  public void startApiServer() {
    apiServer.start(STARTUP_TIMEOUT);
  }

  /** Whether kube-apiserver runs (it may not be ready yet). */
  public boolean apiServerRunning() {
    return apiServer.isRunning();
  }

  @Override
  public void close() {
    closeAll(running);
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        LOG.warn("failed to stop a local stack process", e);
      }
    }
  }
}
