"""FHIR R4 export: a client's record as a Bundle (`$everything`), built from the intake app's records."""
