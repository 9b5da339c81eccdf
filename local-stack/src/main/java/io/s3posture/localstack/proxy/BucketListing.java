package io.s3posture.localstack.proxy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** A ListBuckets answer ({@code ListAllMyBucketsResult}): its buckets and owner. */
record BucketListing(List<Entry> buckets, String ownerId, String ownerDisplayName) {

  /** One bucket; the region is empty where the answer did not say. */
  record Entry(String name, String creationDate, Optional<String> region) {
    Entry withRegion(Optional<String> newRegion) {
      return new Entry(name, creationDate, newRegion);
    }
  }

  BucketListing {
    buckets = List.copyOf(buckets);
  }

  static BucketListing parse(byte[] xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Entry> buckets = new ArrayList<>();
    String ownerId = "";
    String ownerName = "";
    String name = null;
    String created = "";
    String region = null;
    boolean inOwner = false;
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          switch (reader.getLocalName()) {
            case "Owner" -> inOwner = true;
            case "Bucket" -> {
              name = null;
              created = "";
              region = null;
            }
            case "Name" -> name = reader.getElementText();
            case "CreationDate" -> created = reader.getElementText();
            case "BucketRegion" -> region = reader.getElementText();
            case "ID" -> {
              if (inOwner) {
                ownerId = reader.getElementText();
              }
            }
            case "DisplayName" -> {
              if (inOwner) {
                ownerName = reader.getElementText();
              }
            }
            default -> {}
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (reader.getLocalName().equals("Owner")) {
            inOwner = false;
          } else if (reader.getLocalName().equals("Bucket") && name != null) {
            buckets.add(new Entry(name, created, Optional.ofNullable(region)));
          }
        }
      }
    } catch (XMLStreamException e) {
      throw new IllegalStateException("unreadable ListBuckets answer: " + e.getMessage(), e);
    }
    return new BucketListing(buckets, ownerId, ownerName);
  }

  /**
   * AWS's paginated shape: {@code <Buckets>} with name, creation date and region, the owner, then
   * {@code ContinuationToken} when more follow and {@code Prefix} when one was asked for.
   */
  static String render(
      List<Entry> page,
      String ownerId,
      String ownerName,
      Optional<String> next,
      Optional<String> prefix) {
    StringBuilder xml = new StringBuilder(128 + page.size() * 160);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
        .append("<Buckets>");
    for (Entry bucket : page) {
      xml.append("<Bucket><Name>")
          .append(escape(bucket.name()))
          .append("</Name>")
          .append("<CreationDate>")
          .append(escape(bucket.creationDate()))
          .append("</CreationDate>");
      bucket
          .region()
          .ifPresent(r -> xml.append("<BucketRegion>").append(escape(r)).append("</BucketRegion>"));
      xml.append("</Bucket>");
    }
    xml.append("</Buckets><Owner><DisplayName>")
        .append(escape(ownerName))
        .append("</DisplayName><ID>")
        .append(escape(ownerId))
        .append("</ID></Owner>");
    next.ifPresent(
        t -> xml.append("<ContinuationToken>").append(escape(t)).append("</ContinuationToken>"));
    prefix.ifPresent(p -> xml.append("<Prefix>").append(escape(p)).append("</Prefix>"));
    return xml.append("</ListAllMyBucketsResult>").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
