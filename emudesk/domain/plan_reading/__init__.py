"""Reading a Kế hoạch (plan) into values with the spans of the words they came from (issue 17).

``extract.read_plan`` finds the values, ``ocr.repair`` mends OCR damage first, ``when`` parses the
partial dates plans write. Pure functions: no files, no database.
"""
