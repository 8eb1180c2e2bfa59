"""Change of Supplier (SEC; R-COS-1, R-COS-2): 6.23 admission, the segregated CoS Parties, what a
completed change does to the SMI, and the ECoS migration of the devices' CoS certificate."""
