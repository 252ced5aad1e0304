"""The REST API (/api/v1/), the FHIR R4 export (/fhir/) and the CDS Hooks service (/cds-services).

It adds no business logic: reads go through the intake app's selectors and document module, writes
through its services, screening through its engine.
"""
