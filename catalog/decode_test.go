package catalog

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestDecodeRejects(t *testing.T) {
	good := []byte(embedded)
	nul := strings.IndexByte(embedded, 0)
	cases := map[string][]byte{
		"empty":         nil,
		"not a catalog": []byte("hello"),
		"other version": []byte(strings.Replace(embedded, "whydenied catalog 1\n", "whydenied catalog 9\n", 1)),
		"no header":     []byte("whydenied catalog 1\n\x00abc"),
		"truncated":     good[:len(good)-1],
		"extended":      append(append([]byte(nil), good...), 0),
	}
	bad := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(bad[nul+1+4*hServices:], 1<<31-5) // services table off the end
	cases["table outside"] = bad
	for what, data := range cases {
		if _, err := Decode(data); err == nil || !strings.Contains(err.Error(), "catalog: ") {
			t.Errorf("%s: err = %v, want a catalog error", what, err)
		}
	}
	if c, err := Decode(good); err != nil || c.Version() == "" {
		t.Errorf("Decode(embedded) = %v", err)
	}
}

// Corrupting bytes past the header must never panic a lookup: they come
// back empty or wrong, and the layout checks in openTable keep every table
// read in bounds.
func FuzzDecode(f *testing.F) {
	f.Add(uint32(0), byte(0xff), uint32(7))
	f.Add(uint32(1000), byte(0x80), uint32(1))
	f.Add(uint32(400000), byte(0x00), uint32(13))
	f.Fuzz(func(t *testing.T, at uint32, val byte, stride uint32) {
		data := []byte(embedded)
		stride = stride%4096 + 1
		for i, n := int(at)%len(data), 0; i < len(data) && n < 64; i, n = i+int(stride), n+1 {
			data[i] ^= val
		}
		c, err := Decode(data)
		if err != nil {
			return
		}
		c.Version()
		c.Services()
		c.Action("s3:GetObject")
		c.Action("iam:PassRole")
		c.Service("ec2")
		c.ConditionKeyType("s3:ExistingObjectTag/x")
		c.ConditionKeyType("saml:aud")
		c.Expand("s3:Get*")
		c.Suggest("iam:PasRole", 3)
		c.RCPSupported("s3")
		c.ResourceARNFor("s3:GetObject", "arn:aws:s3:::b/k", ARNParts{})
	})
}
