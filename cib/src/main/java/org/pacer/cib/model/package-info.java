/**
 * The typed, immutable model of a CIB: configuration (options, nodes, resources, constraints, fencing
 * topology, tags, ACLs, alerts) and status (node states, resource operation history, transient
 * attributes). Every record keeps the {@link org.pacer.cib.XmlElement} it was read from, so nothing Pacer
 * does not model yet is lost, and positions remain available for messages. {@link org.pacer.cib.model.Cib#of}
 * is the entry point.
 */
package org.pacer.cib.model;
