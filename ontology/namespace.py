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
    Base: URIRef  # Base
    Document: URIRef  # Document
    Enterprise: URIRef  # Enterprise
    Event: URIRef  # Event
    Indicator: URIRef  # Indicator
    Measure: URIRef  # Measure
    Observation: URIRef  # Observation
    Policy: URIRef  # Policy
    Region: URIRef  # Region
    Target: URIRef  # Target

    # Object properties (relationship types)
    cites: URIRef  # CITES: cites
    designatedBy: URIRef  # DESIGNATED_BY: designated by
    forIndicator: URIRef  # FOR_INDICATOR: for indicator
    forRegion: URIRef  # FOR_REGION: for region
    hasMeasure: URIRef  # HAS_MEASURE: has measure
    hasSource: URIRef  # HAS_SOURCE: has source
    implements: URIRef  # IMPLEMENTS: implements
    includesTarget: URIRef  # INCLUDES_TARGET: includes target
    issuedBy: URIRef  # ISSUED_BY: issued by
    leads: URIRef  # LEADS: leads
    ledBy: URIRef  # LED_BY: led by
    locatedIn: URIRef  # LOCATED_IN: located in
    memberOf: URIRef  # MEMBER_OF: member of
    mentions: URIRef  # mentions
    mentionsAgency: URIRef  # MENTIONS_AGENCY: mentions agency
    mentionsBase: URIRef  # MENTIONS_BASE: mentions base
    mentionsEnterprise: URIRef  # MENTIONS_ENTERPRISE: mentions enterprise
    mentionsEvent: URIRef  # MENTIONS_EVENT: mentions event
    mentionsPolicy: URIRef  # MENTIONS_POLICY: mentions policy
    namesBase: URIRef  # NAMES_BASE: names base
    namesEnterprise: URIRef  # NAMES_ENTERPRISE: names enterprise
    namesEvent: URIRef  # NAMES_EVENT: names event
    namesPolicy: URIRef  # NAMES_POLICY: names policy
    observedFor: URIRef  # OBSERVED_FOR: observed for
    observedIn: URIRef  # OBSERVED_IN: observed in
    operatedBy: URIRef  # OPERATED_BY: operated by
    organisedBy: URIRef  # ORGANISED_BY: organised by
    repeals: URIRef  # REPEALS: repeals
    setsTarget: URIRef  # SETS_TARGET: sets target
    supports: URIRef  # SUPPORTS: supports
    targetOf: URIRef  # target of

    # Data properties (node and relationship properties)
    aliases: URIRef  # aliases
    baseUnit: URIRef  # base unit
    baseValue: URIRef  # base value
    baselinePeriod: URIRef  # baseline period
    baselineUnit: URIRef  # baseline unit
    baselineValue: URIRef  # baseline value
    baselineYear: URIRef  # baseline year
    basis: URIRef  # statistical basis
    category: URIRef  # category
    dataSource: URIRef  # data source
    dateIssued: URIRef  # date issued
    designatedYear: URIRef  # designated year
    district: URIRef  # district
    docId: URIRef  # source document
    docNumber: URIRef  # document number
    documents: URIRef  # documents
    end: URIRef  # end offset
    evidence: URIRef  # evidence
    family: URIRef  # version family
    growth: URIRef  # growth
    growthKind: URIRef  # growth kind
    growthUnit: URIRef  # growth unit
    indicatorAttribute: URIRef  # indicator attribute
    indicatorText: URIRef  # indicator text
    key: URIRef  # key
    level: URIRef  # level
    name: URIRef  # name
    number: URIRef  # number
    ordinal: URIRef  # ordinal
    path: URIRef  # path
    period: URIRef  # period
    position: URIRef  # position
    qualifier: URIRef  # qualifier
    remark: URIRef  # remark
    section: URIRef  # section
    sector: URIRef  # sector
    sha256: URIRef  # SHA-256
    share: URIRef  # share
    shareOf: URIRef  # share of
    sourceForm: URIRef  # source form
    start: URIRef  # start offset
    surface: URIRef  # surface
    text: URIRef  # text
    title: URIRef  # title
    type: URIRef  # type
    unit: URIRef  # unit
    upperValue: URIRef  # upper value
    value: URIRef  # value
    year: URIRef  # year

    # Annotation properties (ontology to property graph)
    keyProperty: URIRef  # key property
    neo4jType: URIRef  # Neo4j relationship type
    perDocument: URIRef  # per document
    relationshipProperty: URIRef  # relationship property
