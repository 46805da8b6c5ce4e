"""A plain `requests` script of the kind written against Cisco ISE ERS:
create, search, page, update and delete internal users. Exits non-zero on
the first difference from documented ISE behaviour."""
import json
import sys

import requests
import urllib3

urllib3.disable_warnings()

base, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
s = requests.Session()
s.auth = (user, password)
s.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
URL = f"{base}/ers/config/internaluser"
EMPLOYEE = "a1740510-8c01-11e6-996c-525400b48521"


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}")
        sys.exit(1)


ids = []
for i in range(7):
    body = {"InternalUser": {"name": f"py-user-{i}", "password": "C1sco12345x", "enabled": True,
                             "email": f"py{i}@example.com", "firstName": "Py", "lastName": str(i),
                             "changePassword": False, "identityGroups": EMPLOYEE,
                             "expiryDateEnabled": False, "enablePassword": "", "customAttributes": {},
                             "passwordIDStore": "Internal Users"}}
    r = s.post(URL, data=json.dumps(body), verify=False)
    check(r.status_code == 201, f"create {i}: {r.status_code} {r.text}")
    ids.append(r.headers["Location"].split("/")[-1])

r = s.post(URL, data=json.dumps({"InternalUser": {"name": "py-user-0", "password": "C1sco12345x"}}), verify=False)
check(r.status_code == 400, "duplicate is 400")
check("already exists" in r.json()["ERSResponse"]["messages"][0]["title"], "duplicate title")

r = s.get(URL, params={"filter": "name.STARTSW.py-user-", "size": 3}, verify=False)
check(r.status_code == 200, "search")
res = r.json()["SearchResult"]
check(res["total"] == 7, f"total {res['total']}")
names = [x["name"] for x in res["resources"]]
pages = 1
while "nextPage" in res:
    href = res["nextPage"]["href"]
    check(href.split("=")[-1] == str(pages + 1), "page number is the last parameter")
    res = s.get(href, verify=False).json()["SearchResult"]
    names += [x["name"] for x in res["resources"]]
    pages += 1
check(pages == 3 and names == [f"py-user-{i}" for i in range(7)], f"paging {pages} {names}")

r = s.get(f"{URL}/name/py-user-3", verify=False)
check(r.status_code == 200 and r.json()["InternalUser"]["password"] == "*******", "get by name")

r = s.put(f"{URL}/{ids[3]}", data=json.dumps({"InternalUser": {"id": ids[3], "name": "py-user-3", "description": "updated"}}), verify=False)
check(r.status_code == 200, f"update {r.status_code} {r.text}")
fields = r.json()["UpdatedFieldsList"]["updatedField"]
check(isinstance(fields, list) and fields[0]["field"] == "description", "UpdatedFieldsList")

for i in ids:
    r = s.delete(f"{URL}/{i}", verify=False)
    check(r.status_code == 204, f"delete {r.status_code}")
check(s.get(f"{URL}/{ids[0]}", verify=False).status_code == 404, "deleted user is 404")
print("ok")
