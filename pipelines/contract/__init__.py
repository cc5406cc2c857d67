"""The programme as data: codes, labels, schemes and regions from the data contract."""
