"""Registration Data from RDPs: the use cases (SEC H3, X2.4; R-REG-1, R-REG-2, R-CHURN-1, R-USER-2).

``rdps.add_rdp`` registers an RDP; ``load.RegistrationLoad`` applies a file whole or not at all and answers
it with a response file; ``status.status_file`` makes a status file; ``churn.churn_report`` lists the
R-CHURN-1 flags; ``queries.registered_parties`` answers who is registered for an MPxN at an instant.
"""

from gbdcc.service.registration.churn import ChurnReport, churn_report
from gbdcc.service.registration.load import IncomingFile, LoadedFile, LoadProgress, RegistrationLoad
from gbdcc.service.registration.queries import is_registered, registered_parties
from gbdcc.service.registration.rdps import add_rdp, list_rdps
from gbdcc.service.registration.status import MadeStatusFile, due_status_files, status_file

__all__ = ["ChurnReport", "IncomingFile", "LoadProgress", "LoadedFile", "MadeStatusFile", "RegistrationLoad",
           "add_rdp", "churn_report", "due_status_files", "is_registered", "list_rdps", "registered_parties",
           "status_file"]
