package io.s3posture.localstack.node;

/**
 * The node's network: a Linux bridge holding the node's address (the pods' gateway, where the API
 * server, moto's proxy and the kubelet listen for pods), the pods' subnet behind it and the
 * Services' range. Pods reach the node and each other, nothing else: no masquerading, and a
 * forwarding guard drops what a pod sends beyond the bridge.
 */
public record NodeAddresses(
    String bridge, String nodeIp, String podSubnet, int prefixLength, String serviceRange) {

  /** The e2e node's: names and ranges no other part of the project uses. */
  public static final NodeAddresses E2E =
      new NodeAddresses("s3pe2e0", "10.244.0.1", "10.244.0.0", 24, "10.96.0.0/16");

  public String podCidr() {
    return podSubnet + "/" + prefixLength;
  }

  public String nodeCidr() {
    return nodeIp + "/" + prefixLength;
  }

  /** The address of the {@code kubernetes} Service: the first of the Services' range. */
  public String kubernetesServiceIp() {
    String base = serviceRange.substring(0, serviceRange.indexOf('/'));
    return base.substring(0, base.lastIndexOf('.') + 1) + "1";
  }
}
