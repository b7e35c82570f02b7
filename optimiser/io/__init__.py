"""Reading a dataset's files: CSV in any encoding Chinese spreadsheets export, XLSX, YAML.

Nothing here knows what a county or a budget is: it turns files into raw tables of strings, each
cell remembered with its row number, so later stages can name the exact cell that is wrong.
"""

from optimiser.io.folder import RawDataset, read_dataset_folder
from optimiser.io.raw import RawTable

__all__ = ["RawDataset", "RawTable", "read_dataset_folder"]
