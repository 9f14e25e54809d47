"""The road to adoption: versions shared internally with bodies, amendments voted point by
point in committees, and the adopted version generated from the adopted points."""
