package badoutput

deny contains {"message": "no severity like that", "severity": "urgent"} if true
