package io.s3posture.aws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * S3 configuration XML compared by meaning: an element as Name[text] or Name{children}, children
 * sorted (S3 does not care about the order of sibling elements, the SDK writes them in its own).
 */
final class CanonicalXml {

  private CanonicalXml() {}

  /** Each child element named {@code name} of the document's root, canonical. */
  static List<String> children(String documentXml, String name) {
    Element root = parse(documentXml);
    List<String> children = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        children.add(canonical(e));
      }
    }
    return children;
  }

  /** A fragment (e.g. one Rule element) in S3's namespace, canonical. */
  static String canonical(String fragment, String namespace) {
    int end = fragment.indexOf('>');
    return canonical(
        parse(
            fragment.substring(0, end) + " xmlns=\"" + namespace + "\"" + fragment.substring(end)));
  }

  static String canonical(Element element) {
    List<String> children = new ArrayList<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        children.add(canonical(child));
      }
    }
    if (children.isEmpty()) {
      return element.getLocalName() + "[" + element.getTextContent().trim() + "]";
    }
    return element.getLocalName()
        + children.stream().sorted().collect(Collectors.joining(",", "{", "}"));
  }

  static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("not XML: " + xml, e);
    }
  }
}
