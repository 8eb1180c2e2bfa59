"""Registration Data files from and to RDPs: the CSV format (``files``) and the drop folder (``dropfolder``)."""
