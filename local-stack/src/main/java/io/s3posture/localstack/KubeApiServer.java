package io.s3posture.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A kube-apiserver on loopback: control plane only, no nodes, RBAC authorization on. Callers
 * authenticate with a static admin token (group {@code system:masters}).
 */
final class KubeApiServer implements AutoCloseable {

  private final List<String> command;
  private final Path logFile;
  private final URI url;
  private final String adminToken;
  private final Path caCertificate;
  private ServerProcess process;

  private KubeApiServer(
      List<String> command,
      Path logFile,
      ServerProcess process,
      URI url,
      String adminToken,
      Path caCertificate) {
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.process = process;
    this.url = url;
    this.adminToken = adminToken;
    this.caCertificate = caCertificate;
  }

  static KubeApiServer start(Path binary, URI etcdUrl, Path workDir, Duration timeout) {
    return start(binary, etcdUrl, workDir, timeout, "127.0.0.1");
  }

  /**
   * A server on {@code address}: loopback for a control plane without nodes, the node's address
   * when pods must reach it (the {@code kubernetes} Service's endpoint is the advertised address).
   */
  static KubeApiServer start(
      Path binary, URI etcdUrl, Path workDir, Duration timeout, String address) {
    Path pki = workDir.resolve("pki");
    PemFiles.KeyFiles keys = PemFiles.writeServiceAccountKeys(pki);
    String adminToken = UUID.randomUUID().toString();
    Path tokenFile = pki.resolve("tokens.csv");
    try {
      Files.writeString(tokenFile, adminToken + ",admin,admin-uid,system:masters\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = LoopbackPorts.free();
    URI url = URI.create("https://" + address + ":" + port);
    Path certDir = pki.resolve("serving");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--etcd-servers=" + etcdUrl,
            "--bind-address=" + address,
            "--advertise-address=" + address,
            // a node's kubelet serves logs on its InternalIP (there is no DNS for node names)
            "--kubelet-preferred-address-types=InternalIP",
            "--secure-port=" + port,
            "--cert-dir=" + certDir,
            "--token-auth-file=" + tokenFile,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + keys.publicKey(),
            "--service-account-signing-key-file=" + keys.privateKey(),
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--enable-priority-and-fairness=false",
            "--profiling=false"));
    Path logFile = workDir.resolve("logs/kube-apiserver.log");
    ServerProcess process = ServerProcess.start("kube-apiserver", command, Map.of(), logFile);
    Path caCertificate = certDir.resolve("apiserver.crt");
    ReadinessCheck readiness = new ReadinessCheck(url, adminToken, caCertificate);
    process.awaitReady(readiness::isReady, timeout);
    return new KubeApiServer(command, logFile, process, url, adminToken, caCertificate);
  }

  /** Stops the server process (SIGTERM); etcd and its data stay. */
  synchronized void stop() {
    process.close();
  }

  /**
   * Starts the server again after {@link #stop}, with the same port, serving certificate, tokens
   * and etcd: clients reconnect to the same URL.
   */
  synchronized void start(Duration timeout) {
    if (process.isAlive()) {
      return;
    }
    process = ServerProcess.start("kube-apiserver", command, Map.of(), restartLog());
    ReadinessCheck readiness = new ReadinessCheck(url, adminToken, caCertificate);
    process.awaitReady(readiness::isReady, timeout);
  }

  /** The log of the next run, next to the first one's. */
  private Path restartLog() {
    String name = logFile.getFileName().toString().replace(".log", "");
    for (int run = 2; ; run++) {
      Path next = logFile.resolveSibling(name + "-" + run + ".log");
      if (!Files.exists(next)) {
        return next;
      }
    }
  }

  boolean isRunning() {
    return process.isAlive();
  }

  URI url() {
    return url;
  }

  String adminToken() {
    return adminToken;
  }

  Path caCertificate() {
    return caCertificate;
  }

  @Override
  public synchronized void close() {
    process.close();
  }

  /** /readyz with the admin token, trusting the self-signed serving certificate once written. */
  private static final class ReadinessCheck {
    private final URI url;
    private final String token;
    private final Path caCertificate;
    private HttpProbe probe;

    ReadinessCheck(URI url, String token, Path caCertificate) {
      this.url = url;
      this.token = token;
      this.caCertificate = caCertificate;
    }

    boolean isReady() {
      if (probe == null) {
        if (!Files.isReadable(caCertificate)) {
          return false;
        }
        probe = new HttpProbe(trusting(caCertificate), Map.of("Authorization", "Bearer " + token));
      }
      return probe.isOk(url.resolve("/readyz"));
    }
  }

  public static SSLContext trusting(Path pemBundle) {
    try (InputStream in = Files.newInputStream(pemBundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trustStore.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + pemBundle, e);
    }
  }
}
