package io.s3posture.localstack.node;

import io.s3posture.localstack.HttpProbe;
import io.s3posture.localstack.LoopbackPorts;
import io.s3posture.localstack.ServerProcess;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * kube-controller-manager (Deployments, ReplicaSets, service accounts, the root CA ConfigMap pods'
 * tokens come with, garbage collection, disruption budgets) and kube-scheduler, both with the admin
 * kubeconfig, without leader election, serving their health checks on free loopback ports.
 */
final class ControlPlaneControllers implements AutoCloseable {

  private final ServerProcess controllerManager;
  private final ServerProcess scheduler;

  private ControlPlaneControllers(ServerProcess controllerManager, ServerProcess scheduler) {
    this.controllerManager = controllerManager;
    this.scheduler = scheduler;
  }

  static ControlPlaneControllers start(
      NodeTools tools,
      Path dir,
      Path kubeconfig,
      Path rootCa,
      Path serviceAccountKey,
      NodeAddresses addresses) {
    int kcmPort = LoopbackPorts.free();
    ServerProcess kcm =
        ServerProcess.start(
            "kube-controller-manager",
            List.of(
                tools.kubeControllerManager().toString(),
                "--kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1",
                "--secure-port=" + kcmPort,
                "--cert-dir=" + dir.resolve("kcm-pki"),
                "--leader-elect=false",
                "--root-ca-file=" + rootCa,
                "--service-account-private-key-file=" + serviceAccountKey,
                "--service-cluster-ip-range=" + addresses.serviceRange(),
                "--cluster-name=s3pe2e",
                "--controllers=*",
                "--v=1"),
            Map.of(),
            dir.resolve("kube-controller-manager.log"));
    int schedulerPort = LoopbackPorts.free();
    ServerProcess scheduler;
    try {
      scheduler =
          ServerProcess.start(
              "kube-scheduler",
              List.of(
                  tools.kubeScheduler().toString(),
                  "--kubeconfig=" + kubeconfig,
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + schedulerPort,
                  "--cert-dir=" + dir.resolve("scheduler-pki"),
                  "--leader-elect=false",
                  "--v=1"),
              Map.of(),
              dir.resolve("kube-scheduler.log"));
    } catch (RuntimeException e) {
      kcm.close();
      throw e;
    }
    ControlPlaneControllers controllers = new ControlPlaneControllers(kcm, scheduler);
    try {
      // self-signed serving certificates, health only: nothing secret crosses these probes
      HttpProbe probe = new HttpProbe(trustingAnyone(), Map.of());
      kcm.awaitReady(
          () -> probe.isOk(URI.create("https://127.0.0.1:" + kcmPort + "/healthz")),
          Duration.ofSeconds(90));
      scheduler.awaitReady(
          () -> probe.isOk(URI.create("https://127.0.0.1:" + schedulerPort + "/healthz")),
          Duration.ofSeconds(90));
      return controllers;
    } catch (RuntimeException e) {
      controllers.close();
      throw e;
    }
  }

  /** Trusts any certificate for any host (an X509ExtendedTrustManager: no hostname check). */
  private static SSLContext trustingAnyone() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingAnyone()}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class TrustingAnyone extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  @Override
  public void close() {
    scheduler.close();
    controllerManager.close();
  }
}
