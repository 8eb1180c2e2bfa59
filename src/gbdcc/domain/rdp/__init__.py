"""Registration Data from RDPs, pure (SEC H3, X2.4; R-REG-1, R-REG-2, R-CHURN-1, R-USER-2, R-SR-1).

``model`` the values and refusals; ``validate`` a file line by line, then against its RDP; ``plan`` what
a file does to Registration Data; ``cadence`` when files are due and which refreshes are unsolicited;
``status`` the status file's flags; ``churn`` moves of enrolled meters to non-Users; ``outcome`` the
response and the file log.
"""
