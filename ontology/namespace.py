"""Terms of the policykg ontology as an rdflib namespace: `PKG.Agency`, `PKG.leads`.

Generated from policykg.ttl by `python -m policykg.ontology.reference --write`; do not edit.
A misspelt term (`PKG.Agncy`) raises AttributeError instead of minting a new IRI.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    """policykg ontology <https://w3id.org/policykg/ontology#>."""

    _fail = True
    _NS = Namespace("https://w3id.org/policykg/ontology#")

    # Classes
    Agency: URIRef  # Agency
    Document: URIRef  # Document
    Measure: URIRef  # Measure
    Policy: URIRef  # Policy

    # Object properties (relationship types)
    hasMeasure: URIRef  # HAS_MEASURE: has measure
    hasSource: URIRef  # HAS_SOURCE: has source
    issuedBy: URIRef  # ISSUED_BY: issued by
    leads: URIRef  # LEADS: leads
    ledBy: URIRef  # LED_BY: led by
    supports: URIRef  # SUPPORTS: supports

    # Data properties (node and relationship properties)
    aliases: URIRef  # aliases
    dateIssued: URIRef  # date issued
    docId: URIRef  # source document
    docNumber: URIRef  # document number
    end: URIRef  # end offset
    evidence: URIRef  # evidence
    key: URIRef  # key
    level: URIRef  # level
    name: URIRef  # name
    number: URIRef  # number
    ordinal: URIRef  # ordinal
    path: URIRef  # path
    position: URIRef  # position
    section: URIRef  # section
    sha256: URIRef  # SHA-256
    start: URIRef  # start offset
    surface: URIRef  # surface
    text: URIRef  # text
    title: URIRef  # title

    # Annotation properties (ontology to property graph)
    keyProperty: URIRef  # key property
    neo4jType: URIRef  # Neo4j relationship type
    perDocument: URIRef  # per document
    relationshipProperty: URIRef  # relationship property
