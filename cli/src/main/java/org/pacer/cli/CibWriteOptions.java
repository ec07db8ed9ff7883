package org.pacer.cli;

import java.util.Map;

import org.pacer.cib.XmlElement;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the CIB-changing commands share: the node to talk to, and an optional request id that makes a
 * retried command safe (the cluster applies one id at most once).
 */
final class CibWriteOptions {
    @Mixin
    NodeConnection node;
    @Option(names = "--request-id", paramLabel = "ID",
            description = "Reuse an id to retry a write safely; it is applied at most once.")
    String requestId;

    String write(String op, Map<String, String> attributes, XmlElement body) {
        Map<String, String> attrs = new java.util.LinkedHashMap<>(attributes);
        if (requestId != null) {
            attrs.put("request-id", requestId);
        }
        XmlElement written = node.call(op, attrs, body).child("written").orElseThrow();
        return written.attr("version");
    }
}
