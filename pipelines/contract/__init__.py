"""The programme as data: codes, labels, schemes and regions from the data contract."""

CONTRACT_VERSION = "2"  # the version of docs/data-contract.md this code implements
