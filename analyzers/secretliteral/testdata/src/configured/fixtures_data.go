package configured

const fixturePassword = "hX9#kq2!Vr7pLm4Zt" // allowed by allow.paths
